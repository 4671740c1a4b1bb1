export declare function databaseUrl(raw?: string): string;
export declare const projectRoot: string;
