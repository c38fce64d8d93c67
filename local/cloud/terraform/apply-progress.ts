/**
 * Where a running `terraform apply` is, read from its human output (`-no-color`) as it arrives: how
 * many of the planned resources are done and which are still being created. The deploy command prints
 * it while the apply runs, so a two-minute apply is not two minutes of silence.
 */

/** `Plan: 77 to add, 0 to change, 0 to destroy.` */
const PLAN_LINE = /^Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.$/;
/** `aws_vpc.network_vpc: Creating...`, `…: Modifying... [id=…]`, `…: Destroying... [id=…]` */
const STARTED_LINE = /^(\S+): (?:Creating|Modifying|Destroying)\.\.\./;
/** `…: Creation complete after 2s [id=…]`, `…: Modifications complete after 1s`, `…: Destruction complete after 0s` */
const DONE_LINE = /^(\S+): (?:Creation|Modifications|Destruction) complete after /;

export class ApplyProgress {
  private planned: number | undefined;
  private readonly inProgress = new Set<string>();
  private done = 0;
  private partial = '';

  /** Reads the next chunk of output (chunks may split lines). */
  feed(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines.map((text) => text.trim())) {
      const plan = PLAN_LINE.exec(line);
      if (plan) this.planned = Number(plan[1]) + Number(plan[2]) + Number(plan[3]);
      const started = STARTED_LINE.exec(line);
      if (started) this.inProgress.add(started[1]);
      const done = DONE_LINE.exec(line);
      if (done && this.inProgress.delete(done[1])) this.done += 1;
    }
  }

  /** E.g. `41 of 77 resources done; in progress: aws_rds_cluster.aurora_cluster` (at most `shown` named). */
  summary(shown = 3): string {
    const total = this.planned === undefined ? 'planning' : `${this.done} of ${this.planned} resources done`;
    if (this.inProgress.size === 0) return total;
    const names = [...this.inProgress];
    const more = names.length > shown ? ` and ${names.length - shown} more` : '';
    return `${total}; in progress: ${names.slice(0, shown).join(', ')}${more}`;
  }
}
