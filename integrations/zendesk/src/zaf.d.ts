// The part of the Apps framework SDK (zendesk_app_framework_sdk, plain JavaScript) the sidebar uses.
declare module "zendesk_app_framework_sdk" {
  export interface ZafRequestOptions {
    url: string;
    type?: "GET" | "POST";
    contentType?: string;
    data?: string;
    dataType?: "json";
    cors?: boolean;
    secure?: boolean;
    headers?: Record<string, string>;
  }
  export interface ZafClient {
    get(paths: string | string[]): Promise<Record<string, unknown>>;
    invoke(name: string, ...args: string[]): Promise<unknown>;
    request(options: ZafRequestOptions): Promise<unknown>;
    on(name: string, handler: (data: unknown) => void): void;
  }
  const ZAFClient: { init(callback?: (context: unknown) => void): ZafClient | false };
  export default ZAFClient;
}
