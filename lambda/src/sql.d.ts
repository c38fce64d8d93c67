// SQL files are imported as text: esbuild's text loader in the bundle, test/harness/sql-transform.js in jest.
declare module '*.sql' {
  const text: string;
  export default text;
}
