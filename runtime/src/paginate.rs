//! Operations that answer a page at a time, read to the end.
//!
//! Generated code implements [`Paginated`] for the request of each operation the spec marks with
//! `x-pagination`: how to send one page, where its items are, and the request for the next page.
//! How the next page is found (an offset advanced by the items read, or a cursor the service
//! returns) is decided here, by the helpers the generated `next_request` calls.

use std::collections::VecDeque;

use futures_util::stream::{self, Stream};

use crate::error::Error;
use crate::future::BoxFuture;

/// The request of an operation whose answers are pages.
pub trait Paginated: Clone + Send + Sized + 'static {
    /// One answer of the operation.
    type Page: Send + 'static;
    /// One item of a page.
    type Item: Send + 'static;

    /// Sends this request, for one page.
    fn send_page(self) -> BoxFuture<'static, Result<Self::Page, Error>>;

    /// The page's items.
    fn page_items(page: &Self::Page) -> &[Self::Item];

    /// The page's items, the rest of it dropped.
    fn into_page_items(page: Self::Page) -> Vec<Self::Item>;

    /// The request for the page after `page`, or `None` when `page` was the last.
    fn next_request(&self, page: &Self::Page) -> Option<Self>;
}

/// The pages of a paginated operation, from the request's own page to the last, one request
/// each. Get them with `next().await`, or as a [`Stream`] with [`Pages::into_stream`].
#[must_use = "pages are requested only when read"]
#[derive(Debug)]
pub struct Pages<R> {
    next: Option<R>,
}

impl<R: Paginated> Pages<R> {
    /// The pages that begin with `first`'s.
    pub fn new(first: R) -> Self {
        Pages { next: Some(first) }
    }

    /// The next page, or `None` after the last. After an error there are no more pages.
    pub async fn next(&mut self) -> Option<Result<R::Page, Error>> {
        let request = self.next.take()?;
        let page = match request.clone().send_page().await {
            Ok(page) => page,
            Err(error) => return Some(Err(error)),
        };
        self.next = request.next_request(&page);
        Some(Ok(page))
    }

    /// Every item of every page, one at a time.
    pub fn items(self) -> Items<R> {
        Items { pages: self, buffer: VecDeque::new() }
    }

    /// The pages as a stream.
    pub fn into_stream(self) -> impl Stream<Item = Result<R::Page, Error>> + Send {
        stream::unfold(self, |mut pages| async move { pages.next().await.map(|page| (page, pages)) })
    }

    /// Every page, read to the end; the first error stops the reading.
    pub async fn collect(mut self) -> Result<Vec<R::Page>, Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

/// Every item of a paginated operation's pages, in order; pages are requested as the items are
/// read.
#[must_use = "pages are requested only when read"]
#[derive(Debug)]
pub struct Items<R: Paginated> {
    pages: Pages<R>,
    buffer: VecDeque<R::Item>,
}

impl<R: Paginated> Items<R> {
    /// The next item, or `None` after the last page's last. After an error there are no more.
    pub async fn next(&mut self) -> Option<Result<R::Item, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(page) => self.buffer.extend(R::into_page_items(page)),
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// The items as a stream.
    pub fn into_stream(self) -> impl Stream<Item = Result<R::Item, Error>> + Send {
        stream::unfold(self, |mut items| async move { items.next().await.map(|item| (item, items)) })
    }

    /// Every item, read to the end; the first error stops the reading.
    pub async fn collect(mut self) -> Result<Vec<R::Item>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

/// The offset of the next page: `current` (or `start` when unset) advanced by the items this page
/// held. `None` after an empty page, once `total` items are read, or past the offset's type.
pub fn next_offset<T, N>(current: Option<T>, start: i64, items: usize, total: Option<N>) -> Option<T>
where
    T: Copy + Into<i64> + TryFrom<i64>,
    N: Into<i64>,
{
    if items == 0 {
        return None;
    }
    let next = current.map_or(start, Into::into).checked_add(i64::try_from(items).ok()?)?;
    if total.is_some_and(|total| next >= total.into()) {
        return None;
    }
    T::try_from(next).ok()
}

/// The number of the page after the one `current` asked for (`start` when it asked for none),
/// unless that page held no items.
#[doc(hidden)]
pub fn next_page<T>(current: Option<T>, start: i64, items: usize) -> Option<T>
where
    T: Copy + Into<i64> + TryFrom<i64>,
{
    if items == 0 {
        return None;
    }
    T::try_from(current.map_or(start, Into::into).checked_add(1)?).ok()
}

/// A cursor value: where the service says the next page starts.
pub trait Cursor: PartialEq {
    /// Whether the value says there is no next page (an empty string).
    fn is_end(&self) -> bool;
}

impl Cursor for String {
    fn is_end(&self) -> bool {
        self.is_empty()
    }
}

macro_rules! integer_cursors {
    ($($ty:ty),*) => {$(
        impl Cursor for $ty {
            fn is_end(&self) -> bool {
                false
            }
        }
    )*};
}
integer_cursors!(i32, i64, u32, u64);

/// The cursor of the next page: the `next` one this page gave. `None` when the page says there
/// are no more (`more` is false), gives none, or gives the `current` one again (which would read
/// the same page forever).
pub fn next_cursor<T: Cursor>(current: Option<&T>, next: Option<T>, more: Option<bool>) -> Option<T> {
    if more == Some(false) {
        return None;
    }
    let next = next?;
    if next.is_end() || current == Some(&next) {
        return None;
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_advance_by_one_until_an_empty_page() {
        assert_eq!(next_page::<i32>(None, 1, 10), Some(2));
        assert_eq!(next_page::<i64>(None, 0, 10), Some(1));
        assert_eq!(next_page(Some(4_i32), 1, 3), Some(5));
        assert_eq!(next_page(Some(4_i32), 1, 0), None);
        assert_eq!(next_page(Some(i32::MAX), 1, 1), None, "past the type");
    }

    #[test]
    fn offsets_advance_by_the_items_read_until_the_total() {
        assert_eq!(next_offset::<i32, i64>(None, 0, 10, Some(25)), Some(10));
        assert_eq!(next_offset(Some(10_i32), 0, 10, Some(25)), Some(20));
        assert_eq!(next_offset(Some(20_i32), 0, 5, Some(25)), None);
        assert_eq!(next_offset(Some(20_i64), 0, 0, None::<i64>), None);
        assert_eq!(next_offset(Some(20_i64), 0, 7, None::<i64>), Some(27));
        assert_eq!(next_offset(Some(i32::MAX - 1), 0, 5, None::<i64>), None, "past the type");
    }

    #[test]
    fn cursors_end_when_the_page_says_so_or_repeats_itself() {
        let current = "a".to_owned();
        assert_eq!(next_cursor(Some(&current), Some("b".to_owned()), Some(true)), Some("b".to_owned()));
        assert_eq!(next_cursor(Some(&current), Some("b".to_owned()), None), Some("b".to_owned()));
        assert_eq!(next_cursor(Some(&current), Some("b".to_owned()), Some(false)), None);
        assert_eq!(next_cursor(Some(&current), Some(String::new()), Some(true)), None);
        assert_eq!(next_cursor(Some(&current), Some("a".to_owned()), Some(true)), None);
        assert_eq!(next_cursor::<String>(None, None, Some(true)), None);
        assert_eq!(next_cursor(None, Some(7_i64), None), Some(7));
    }
}
