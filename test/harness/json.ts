/**
 * Synthesized and planned Terraform JSON is untyped; the specifications read it as loosely as
 * `JSON.parse` returns it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;
