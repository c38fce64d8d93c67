// Jest transform for `.sql` imports: exports the file's text, like esbuild's text loader in the bundle.
module.exports = {
  process(sourceText) {
    return {
      code: `module.exports = ${JSON.stringify(sourceText)}; module.exports.default = module.exports;`,
    };
  },
};
