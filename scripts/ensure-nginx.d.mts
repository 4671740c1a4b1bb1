export declare const nginxCandidates: string[];
export declare function findNginx(): string | undefined;
