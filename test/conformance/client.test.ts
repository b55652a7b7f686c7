/** The client contract suite (test/client/) against the real cloud named by STACKSHIFT_CONFORMANCE_*. */
import { defineConformanceSuite } from './helpers/suite.js';

await defineConformanceSuite('client');
