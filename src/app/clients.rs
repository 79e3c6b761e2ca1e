//! The AWS clients as a value the UI side can carry but not use: a profile or region switch
//! hands new clients from the job that built them, through `update`, to the runner.

use std::sync::Arc;

use crate::aws::Clients;

/// Clients shared with the runner: compared by identity (the SDK clients cannot be compared).
#[derive(Clone)]
pub struct SharedClients(pub(crate) Arc<Clients>);

impl SharedClients {
    pub fn new(clients: Clients) -> Self {
        Self(Arc::new(clients))
    }

    /// Clients for `region` with no credentials or endpoint configured: for tests, where the
    /// clients are carried and never called.
    pub fn unconfigured(region: &str) -> Self {
        let config = aws_config::SdkConfig::builder()
            .region(aws_config::Region::new(region.to_string()))
            .behavior_version(aws_config::BehaviorVersion::latest())
            .build();
        Self::new(Clients::new(&config, None))
    }

    /// The region they talk to.
    pub fn region(&self) -> &str {
        &self.0.region
    }
}

impl PartialEq for SharedClients {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SharedClients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clients({})", self.0.region)
    }
}
