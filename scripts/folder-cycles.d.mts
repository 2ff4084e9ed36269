// Types of scripts/folder-cycles.mjs for the tests that check the folder graph.
export type FolderGraph = Map<string, Map<string, string>>;
export declare function folderGraph(srcDir: string): FolderGraph;
export declare function folderCycles(edges: FolderGraph): string[][];
