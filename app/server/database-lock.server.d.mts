export declare const advisoryLocks: Readonly<{ migrate: number; seed: number; directorySeed: number }>;
export declare function withDatabaseLock<T>(
  url: string,
  key: number,
  doing: string,
  work: () => Promise<T>,
): Promise<T>;
