/**
 * The local-cloud tier: what offline plans cannot show, against the local cloud (moto 5.2.5 and the
 * project's extensions: Redshift Serverless, the Redshift resource policy, RDS zero-ETL
 * integrations) with its data plane (Aurora on MariaDB, the real Lambda bundles, the integration
 * replicating into the warehouse, the Data API running SQL), IAM enforced for every request after its
 * admin is created.
 *
 * Like the provider's own acceptance tests, every stack is applied with every deploy step, planned
 * again with no changes and destroyed; dev is also deployed as `npm run local-cloud -- deploy`
 * deploys it (the ingestion runs and replicates, verified by scripts/verify-replication), updated
 * (a reboot-applied parameter and a data filter: a table leaves the warehouse), probed with a table
 * the integration cannot replicate, runs its deploy steps with the real AWS CLI and is planned by the
 * plan role; the roles are held to their boundaries; integrations that are not ready fail at apply. All of it runs
 * concurrently against one local cloud (test/stacks/local-cloud/tier.ts); the specifications, by
 * concern, live next to it and each awaits the milestone it specifies.
 */
import { specifyDataFlow } from './local-cloud/data-flow';
import { specifyDeploySteps } from './local-cloud/deploy-steps';
import { specifyDevUpdate } from './local-cloud/dev-update';
import { specifyIntegrationPreconditions } from './local-cloud/integration-preconditions';
import { specifyRoles } from './local-cloud/roles';
import { specifyRoundTrips } from './local-cloud/round-trips';
import { MINUTES, Tier } from './local-cloud/tier';

const tier = new Tier();

beforeAll(() => tier.start(), 5 * MINUTES);
afterAll(() => tier.stop(), 2 * MINUTES);

specifyRoundTrips(tier);
specifyDataFlow(tier);
specifyDevUpdate(tier);
specifyDeploySteps(tier);
specifyIntegrationPreconditions(tier);
specifyRoles(tier);
