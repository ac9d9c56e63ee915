// Type declarations for what Vite bundles besides TypeScript: CSS files imported for their side effect.
declare module '*.css';
