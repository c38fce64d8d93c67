/**
 * Every IAM role the environment stacks create lives under one IAM path, `/<project>/`. The apply
 * role may manage and pass roles under that path only, which excludes the GitHub roles themselves
 * (path `/`): CI cannot widen its own permissions.
 */
export function projectRolePath(project: string): string {
  return `/${project}/`;
}

/** ARN pattern of every role under the project's path. */
export function projectRolesArn(accountId: string, project: string): string {
  return `arn:aws:iam::${accountId}:role${projectRolePath(project)}*`;
}
