export { ChangedInput, convertText, type ConvertedText, type PlacedNote } from "./convert-text";
export { CURRENT_ANNOTATIONS } from "./deployment-keys";
export type { ConvertNote } from "./notes";
