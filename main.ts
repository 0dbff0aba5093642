import { App } from "cdktf";

// Synthesis of manifests into stacks arrives with the KubernetesJob construct.
const app = new App();
app.synth();
