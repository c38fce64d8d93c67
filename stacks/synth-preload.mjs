// Loaded after tsx by cdktf.json's `app` command (and by bench:synth). tsx turns Node's source maps
// on, which makes Node decode the inline source map of every cdktf file it loads and map every stack
// trace cdktf captures per token. Synth does not need TypeScript positions in those traces; turning
// source maps off saves about a quarter of synth's CPU time.
process.setSourceMapsEnabled(false);
