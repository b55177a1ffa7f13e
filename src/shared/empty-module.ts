// Stands in for polyfills the browser does not need (see vite.config.ts aliases).
export {}
