//! What the create-service and run-task wizards pick from: subnets, security groups (EC2) and
//! target groups (Elastic Load Balancing v2). VPCs are [`super::namespace::VpcSummary`].

/// A subnet, from EC2 DescribeSubnets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub cidr: String,
    /// The `Name` tag, when there is one.
    pub name: Option<String>,
    /// Free IPv4 addresses: each awsvpc task takes one.
    pub available_ips: Option<i32>,
    /// The default subnet of its availability zone (default VPCs only).
    pub default_for_az: bool,
    /// Instances launched here get a public IPv4 address.
    pub map_public_ip: bool,
}

impl Subnet {
    /// `subnet-0a1 (app-a, us-east-1a, 10.0.1.0/24, 250 free, public)` for the picker.
    pub fn label(&self) -> String {
        let free = self.available_ips.map(|n| format!("{n} free"));
        let mut parts: Vec<&str> = Vec::new();
        if let Some(name) = &self.name {
            parts.push(name);
        }
        if !self.availability_zone.is_empty() {
            parts.push(&self.availability_zone);
        }
        if !self.cidr.is_empty() {
            parts.push(&self.cidr);
        }
        if let Some(free) = &free {
            parts.push(free);
        }
        if self.map_public_ip {
            parts.push("public");
        }
        labelled(&self.id, &parts)
    }
}

/// A security group, from EC2 DescribeSecurityGroups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub vpc_id: String,
    pub description: String,
}

impl SecurityGroup {
    /// `sg-0a1 (web, Web servers)` for the picker; the description is left out when it only
    /// repeats the name.
    pub fn label(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if !self.name.is_empty() {
            parts.push(&self.name);
        }
        if !self.description.is_empty() && self.description != self.name {
            parts.push(&self.description);
        }
        labelled(&self.id, &parts)
    }
}

/// An Elastic Load Balancing v2 target group, from DescribeTargetGroups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub port: Option<i32>,
    /// HTTP, HTTPS, TCP, UDP, TLS, TCP_UDP, GENEVE.
    pub protocol: Option<String>,
    /// `ip` (what awsvpc tasks need), `instance`, `lambda` or `alb`.
    pub target_type: Option<String>,
    pub vpc_id: Option<String>,
    /// The load balancers that route to it. ECS refuses a target group with none.
    pub load_balancer_arns: Vec<String>,
}

impl TargetGroup {
    /// `web-tg (HTTP:80, ip, vpc-0a1)` for the picker, with `no load balancer` when it has none.
    pub fn label(&self) -> String {
        let listener = match (&self.protocol, self.port) {
            (Some(p), Some(port)) => Some(format!("{p}:{port}")),
            (Some(p), None) => Some(p.clone()),
            (None, Some(port)) => Some(port.to_string()),
            (None, None) => None,
        };
        let mut parts: Vec<&str> = Vec::new();
        if let Some(listener) = &listener {
            parts.push(listener);
        }
        if let Some(t) = &self.target_type {
            parts.push(t);
        }
        if let Some(vpc) = &self.vpc_id {
            parts.push(vpc);
        }
        if self.load_balancer_arns.is_empty() {
            parts.push("no load balancer");
        }
        labelled(&self.name, &parts)
    }
}

/// `head (a, b)`, or just `head`.
fn labelled(head: &str, parts: &[&str]) -> String {
    if parts.is_empty() {
        head.to_string()
    } else {
        format!("{head} ({})", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_what_a_picker_needs() {
        let subnet = Subnet {
            id: "subnet-1".into(),
            vpc_id: "vpc-1".into(),
            availability_zone: "us-east-1a".into(),
            cidr: "10.0.1.0/24".into(),
            name: Some("app-a".into()),
            available_ips: Some(250),
            default_for_az: false,
            map_public_ip: true,
        };
        assert_eq!(
            subnet.label(),
            "subnet-1 (app-a, us-east-1a, 10.0.1.0/24, 250 free, public)"
        );
        let sg = SecurityGroup {
            id: "sg-1".into(),
            name: "default".into(),
            vpc_id: "vpc-1".into(),
            description: "default VPC security group".into(),
        };
        assert_eq!(sg.label(), "sg-1 (default, default VPC security group)");
        let tg = TargetGroup {
            arn: "arn:tg".into(),
            name: "web-tg".into(),
            port: Some(80),
            protocol: Some("HTTP".into()),
            target_type: Some("ip".into()),
            vpc_id: Some("vpc-1".into()),
            load_balancer_arns: Vec::new(),
        };
        assert_eq!(tg.label(), "web-tg (HTTP:80, ip, vpc-1, no load balancer)");
    }
}
