export declare function freshRandomBytes(length: number): Buffer;
export declare function freshRandomText(length: number, encoding: "base64" | "base64url"): string;
