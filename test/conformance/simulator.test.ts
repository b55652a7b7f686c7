/** The simulator contract suite (test/simulator/) against the real cloud named by STACKSHIFT_CONFORMANCE_*. */
import { defineConformanceSuite } from './helpers/suite.js';

await defineConformanceSuite('simulator');
