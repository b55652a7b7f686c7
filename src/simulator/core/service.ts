/**
 * What a service module is. src/simulator/services.ts lists them; the core starts one HTTP
 * listener per module that has a `catalog`, per cloud, and lists it in Keystone's catalog.
 * Modules are stateless objects: all state lives in cloud.state so that reset() works.
 */
import type { ErrorFormat } from './errors.js';
import type { MicroversionSpec } from './microversion.js';
import type { RouteTable } from './router.js';
import type { SimCloud } from './cloud.js';
import type { CloudScenario } from '../scenario.js';

export interface CatalogEntrySpec {
  /** Service type in the catalog ('compute', 'volumev3', 'block-storage', ...). */
  type: string;
  /** Service name in the catalog ('nova', 'cinderv3', ...). */
  name: string;
  /** Appended to the listener origin; `{project_id}` is replaced with the token's project. */
  path: string;
}

export interface ServiceModule {
  /** Short name: 'keystone', 'nova', ... Used for fault rules and logs. */
  name: string;
  /** Catalog entries served by this module's listener. No catalog → no listener. */
  catalog?: CatalogEntrySpec[];
  /** How ApiErrors raised by this module's routes are rendered (default: computeErrors). */
  errors?: ErrorFormat;
  /** How a missing/expired token's 401 is rendered (default: keystonemiddleware's Keystone-style body). */
  authErrors?: ErrorFormat;
  /** When set, the core negotiates the microversion of every versioned route. */
  microversions?: MicroversionSpec;
  /** Registers the routes (called once per cloud). */
  routes?(table: RouteTable): void;
  /** Seeds the cloud from its scenario; runs at start and after every reset, in registry order. */
  seed?(cloud: SimCloud, scenario: CloudScenario): void | Promise<void>;
  /** Runs once after all listeners are up (e.g. Redfish BMC listeners); clean up with cloud.onClose. */
  start?(cloud: SimCloud): void | Promise<void>;
}
