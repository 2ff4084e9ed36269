// How to judge where a standard's text and the SCS reference scripts differ: by the text, or as the scripts do.

/** `standard` follows the text (the default); `reference` reproduces the SCS scripts (`--mode reference`). */
export type JudgeMode = 'standard' | 'reference';
