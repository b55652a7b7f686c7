/**
 * IPMI through the real ipmitool against OpenIPMI's ipmi_sim on loopback: power operations per
 * second (status, off, on, PXE boot device), one at a time as a node's power step issues them.
 * Skipped, saying so, where ipmitool or ipmi_sim is not installed.
 * Run: npm run bench -- ipmi
 */
import { ipmitoolBmc } from '../src/executors/bmc/ipmitool.js';
import { ipmiSimAvailable, startIpmiSim } from '../src/simulator/ipmi/ipmiSim.js';

if (!ipmiSimAvailable()) {
  console.log('skipped: ipmitool and ipmi_sim are not installed (apt-get install ipmitool openipmi)');
} else {
  const sim = await startIpmiSim({ username: 'admin', password: 'bench-pw' });
  try {
    const bmc = ipmitoolBmc('bench', { driver: 'ipmi', address: sim.host, port: sim.port, username: 'admin', passwordEnv: 'UNUSED' }, async () => 'bench-pw');
    const rounds = 25;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) {
      await bmc.setBootDevice('pxe');
      await bmc.power('off');
      await bmc.power('on');
      await bmc.powerState();
    }
    const s = (performance.now() - started) / 1000;
    console.log(`ipmitool -C 3 against ipmi_sim: ${(rounds * 4 / s).toFixed(1)} operations/s (${rounds} power cycles with PXE set and state read back in ${s.toFixed(1)} s; ${(s / rounds).toFixed(2)} s per cycle)`);
    console.log(`  BMC side after the run: power ${await sim.powerState()}, boot ${await sim.bootDevice()}`);
  } finally {
    await sim.close();
  }
}
