//! The app's routes, declared through one builder that also keeps their
//! list, so tests can check every route against every role and a route
//! added without a rule fails them.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{get, post, put};

use super::AppState;

/// One route as declared: its method and path pattern (`/updates/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
}

/// A router under construction and the routes it was given.
pub struct Routes {
    router: Router<AppState>,
    list: Vec<Route>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes {
            router: Router::new(),
            list: Vec::new(),
        }
    }

    pub fn get<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, get(handler));
        self.list.push(Route {
            method: "GET",
            path: path.to_owned(),
        });
        self
    }

    pub fn post<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, post(handler));
        self.list.push(Route {
            method: "POST",
            path: path.to_owned(),
        });
        self
    }

    pub fn put<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, put(handler));
        self.list.push(Route {
            method: "PUT",
            path: path.to_owned(),
        });
        self
    }

    /// A POST route whose body may be larger than the app-wide limit, up to
    /// `limit` bytes (an uploaded file).
    pub fn post_with_body_limit<H, T>(
        mut self,
        path: &'static str,
        handler: H,
        limit: usize,
    ) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self
            .router
            .route(path, post(handler).layer(DefaultBodyLimit::max(limit)));
        self.list.push(Route {
            method: "POST",
            path: path.to_owned(),
        });
        self
    }

    /// Wraps the routes declared so far in `layer`, which runs once a route
    /// matched (it sees `MatchedPath`).
    pub fn route_layer<L>(mut self, layer: L) -> Routes
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<axum::extract::Request> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Response:
            axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Error:
            Into<std::convert::Infallible> + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
    {
        self.router = self.router.route_layer(layer);
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.list.extend(other.list);
        self
    }

    /// Mounts `other` under `prefix`, with its own fallback for unknown paths.
    pub fn nest<H, T>(mut self, prefix: &'static str, other: Routes, fallback: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.nest(prefix, other.router.fallback(fallback));
        self.list.extend(other.list.into_iter().map(|r| Route {
            method: r.method,
            path: format!("{prefix}{}", r.path),
        }));
        self
    }

    pub fn into_parts(mut self) -> (Router<AppState>, Vec<Route>) {
        self.list.sort();
        (self.router, self.list)
    }
}

impl Default for Routes {
    fn default() -> Routes {
        Routes::new()
    }
}
