// Preloaded after tsx by bench:synth's "tsx" variant. tsx turns Node's source maps on, which makes
// Node decode the inline source map of every cdktf file it loads; synth does not need them, so the
// tsx variant is measured with them off (a fair comparison with the cached bundle cdktf.json runs).
process.setSourceMapsEnabled(false);
