/** The export contract suite (test/export/) against the real cloud named by STACKSHIFT_CONFORMANCE_*. */
import { defineConformanceSuite } from './helpers/suite.js';

await defineConformanceSuite('export');
