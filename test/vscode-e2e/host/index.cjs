// Loaded by VS Code inside its extension host (extensionTestsPath): runs the mocha suite and
// rejects on failure, which makes the host report a non-zero exit code to the driver.
const path = require('node:path');
const Mocha = require(path.join(process.env.AUTOCONF_E2E_DRIVERS, 'mocha'));

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false });
  mocha.addFile(path.join(__dirname, 'extension.host.test.cjs'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} host test(s) failed`)) : resolve()));
  });
};
