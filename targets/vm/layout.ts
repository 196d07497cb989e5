/** Where things live on the machine. Box names are DNS labels, so they are safe in paths. */

/** Packer uploads the project files and provision.sh here; cloud-init looks here too. */
export const PACKER_STAGE = "/tmp/boxc-stage";
/** Where a machine built without Packer (or a test) puts the staged files for cloud-init. */
export const CLOUD_INIT_STAGE = "/var/lib/boxc/stage";

export const boxDir = (box: string) => `/opt/boxc/${box}`;
export const venvDir = (box: string) => `/opt/boxc/${box}/venv`;
export const envFilePath = (box: string) => `/etc/boxc/${box}.env`;
export const secretEnvFilePath = (box: string) => `/etc/boxc/secrets/${box}.env`;
export { systemReportPath as reportPath } from "../_shared/verify.ts";
export const unitName = (box: string, suffix: string) => `boxc-${box}.${suffix}`;
export const pythonPrefix = (version: string) => `/opt/boxc/python/${version}`;
/** Staged copy `j` of a box, relative to the stage folder. */
export const stagedCopy = (box: string, j: number) => `files/${box}/${j}`;
export const FIREWALL_RULES = "/etc/boxc/firewall.nft";
export const FIREWALL_UNIT = "boxc-firewall.service";
