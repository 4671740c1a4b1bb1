export declare function exitWhileServerWrites(command: string): void;
