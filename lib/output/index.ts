export { writeAtomically, recoverKilledRun, Interrupted, type WrittenOutput, type WriteOptions } from "./write";
export { checkOutputDir, TOOL_DIR, type RetiredStack } from "./ownership";
export { recoverOutput } from "./journal";
