// Types of scripts/layers.mjs for the tests that read the layer rules.
export declare const LAYERS: Record<string, string[]>;
export declare const PENDING_EDGES: Array<{ from: string; to: string; where: string }>;
export declare function forbiddenFor(folder: string): string[];
export declare function folderOf(file: string, srcDir: string): string | undefined;
export declare const layersPlugin: unknown;
