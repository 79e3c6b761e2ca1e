//! Lists that show their first page while the rest loads: a List* call's pages are described
//! chunk by chunk as they arrive, and each described chunk is handed on as soon as it and every
//! chunk before it are in, so a screen draws the first rows after two round trips instead of after
//! the last page (1,003 clusters: 11 pages).

use std::future::Future;
use std::sync::Arc;

use futures::{Stream, StreamExt};
use tokio::sync::Semaphore;

use aws_smithy_async::future::pagination_stream::PaginationStream;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::errors::{AwsError, classify};

/// How many describe calls run at once: ECS read buckets are small (tens of calls) and shared.
pub const MAX_CONCURRENCY: usize = 4;

/// Reads `pages` (each a page of identifiers, in order; the List* pages are sequential since each
/// needs the previous `nextToken`) and describes each page in chunks of `chunk` with at most
/// [`MAX_CONCURRENCY`] describes at once, overlapping the remaining pages. `on_rows` gets each
/// described chunk in list order, as soon as it and every chunk before it are described, except
/// the last (the caller returns the whole list then). The describes are spawned, so their answers
/// decode on every worker thread, and are aborted when this future is dropped (the screen was
/// left). The first failure ends the load.
pub async fn describe_as_listed<T, P, D, F>(
    pages: P,
    chunk: usize,
    describe: D,
    mut on_rows: impl FnMut(&[T]),
) -> Result<Vec<T>, AwsError>
where
    T: Send + 'static,
    P: Stream<Item = Result<Vec<String>, AwsError>>,
    D: Fn(Vec<String>) -> F,
    F: Future<Output = Result<Vec<T>, AwsError>> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(MAX_CONCURRENCY));
    let mut describes = futures::stream::FuturesOrdered::new();
    let mut pages = std::pin::pin!(pages);
    let mut listing = true;
    let mut rows = Vec::new();
    loop {
        tokio::select! {
            page = pages.next(), if listing => match page {
                Some(page) => {
                    for ids in page?.chunks(chunk.max(1)) {
                        let (work, permits) = (describe(ids.to_vec()), permits.clone());
                        describes.push_back(AbortOnDrop(tokio::spawn(async move {
                            let _permit = permits.acquire_owned().await;
                            work.await
                        })));
                    }
                }
                None => listing = false,
            },
            Some(described) = describes.next() => {
                let described = described
                    .map_err(|e| AwsError::other(format!("a describe call failed to run: {e}")))??;
                // The last chunk comes with the final answer anyway.
                if listing || !describes.is_empty() {
                    on_rows(&described);
                }
                rows.extend(described);
            }
            else => break,
        }
    }
    Ok(rows)
}

/// The pages of an SDK paginator (`….into_paginator().send()`) as a stream of identifier lists:
/// `ids` takes a page's identifiers; a failed page is classified under `operation`.
pub fn pages<O, E>(
    paginator: PaginationStream<Result<O, SdkError<E, HttpResponse>>>,
    operation: &'static str,
    ids: fn(&O) -> Vec<String>,
) -> impl Stream<Item = Result<Vec<String>, AwsError>>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    futures::stream::unfold(paginator, |mut p| async move {
        p.next().await.map(|page| (page, p))
    })
    .map(move |page| page.map(|o| ids(&o)).map_err(|e| classify(operation, &e)))
}

/// A spawned task that is aborted when its handle is dropped: the describes of a load that was
/// cancelled (the screen was left) stop with it.
pub struct AbortOnDrop<T>(pub tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> Future for AbortOnDrop<T> {
    type Output = Result<T, tokio::task::JoinError>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0).poll(cx)
    }
}
