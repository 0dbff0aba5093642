/**
 * The stack's state backend as cdktf elements. cdktf has classes for some backends but not for
 * `kubernetes`, and its S3 class lacks `use_lockfile`; one small TerraformBackend serves every
 * `backend` block, and cdktf's CloudBackend the `cloud` block of HCP Terraform.
 */
import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformBackend, TerraformRemoteState } from "cdktf";
import type { Construct } from "constructs";
import type { BackendBlock, BackendValue } from "../deployment/backend";

type BackendConfig = BackendBlock["config"];

class RemoteState extends TerraformRemoteState {}

class ConfiguredBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    type: string,
    private readonly config: BackendConfig,
  ) {
    super(scope, "backend", type);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { ...this.config };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return { ...this.config };
  }

  getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    return new RemoteState(scope, name, this.name, { ...this.config });
  }
}

/** The backend of a block, or cdktf's default local backend (`terraform.<stack>.tfstate` in the working directory). */
export function addBackend(scope: Construct, block: BackendBlock | undefined): TerraformBackend {
  if (!block) return new LocalBackend(scope, {});
  if (block.type !== "cloud") return new ConfiguredBackend(scope, block.type, block.config);
  const { organization, workspaces, hostname } = block.config as {
    organization: string;
    workspaces: Record<string, BackendValue>;
    hostname?: string;
  };
  return new CloudBackend(scope, {
    organization,
    workspaces: new NamedCloudWorkspace(String(workspaces.name)),
    ...(hostname ? { hostname } : {}),
  });
}
