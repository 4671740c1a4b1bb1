export type DatabaseEngine = "sqlite" | "postgresql";
export declare function engineOfUrl(url: string): DatabaseEngine | undefined;
export declare function databaseUrl(raw?: string): string;
export declare const projectRoot: string;
export declare function describeDatabase(url: string): string;
