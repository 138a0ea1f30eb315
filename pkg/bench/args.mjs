// The command line the benchmark scripts share: flags and options taken out of argv (what is left
// is positional), and the operation with its default request (the seed page's own example).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(PKG, '..');

export function commandLine(argv = process.argv.slice(2)) {
  const args = [...argv];
  const flag = (name) => {
    const i = args.indexOf(name);
    if (i >= 0) args.splice(i, 1);
    return i >= 0;
  };
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    if (i < 0) return dflt;
    const [v] = args.splice(i, 2).slice(1);
    return v;
  };
  const operation = opt('--operation', 'huaweicloud.elb.v3.CreateMasterSlavePool');
  const requestFile = opt('--request', defaultRequest(operation));
  return { args, flag, opt, operation, requestFile };
}

export function defaultRequest(operation) {
  const file = operation.startsWith('aliyun') ? 'aliyun-seed-001.json'
    : operation.endsWith('CreateMember') ? 'huawei-member-seed-004.json'
      : 'huawei-pool-seed-002.json';
  return join(ROOT, 'examples', 'requests', file);
}
