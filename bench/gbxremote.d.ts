declare module 'gbxremote' {
  export class Client {
    constructor(port: number, host?: string);
    connect(timeout?: number): Promise<void>;
    query(method: string, params?: unknown[]): Promise<unknown>;
    terminate(): void;
  }
}
