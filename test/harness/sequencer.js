// Starts the local-cloud suites (*.local-cloud.test.ts) first, then jest's own order (failed first, then
// slowest first by its cache, else largest file first). A local-cloud suite mostly waits on the
// provider's fixed polling against moto, for minutes; started first it overlaps with everything
// else on the other worker instead of running alone at the end (a fresh clone has no timing cache).
const Sequencer = require('@jest/test-sequencer').default;

const isLocalCloudSuite = (test) => test.path.endsWith('.local-cloud.test.ts');

class LocalCloudFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter(isLocalCloudSuite), ...sorted.filter((test) => !isLocalCloudSuite(test))];
  }
}

module.exports = LocalCloudFirstSequencer;
