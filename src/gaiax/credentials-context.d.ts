// Types for @digitalbazaar/credentials-context (ships no declarations): the W3C VC contexts by URL.
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, Record<string, unknown>>;
}
