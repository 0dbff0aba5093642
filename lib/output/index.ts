export { writeAtomically, recoverKilledRun, Interrupted, type WrittenOutput, type WriteOptions } from "./write";
export { checkOutputDir, TOOL_DIR } from "./ownership";
export { recoverOutput } from "./journal";
