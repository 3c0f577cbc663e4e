/**
 * What the server knows about the request being rendered and the page needs: the CSP nonce
 * its inline scripts must carry, and the request id an error page shows so a coordinator can
 * report it. Provided by entry.server.tsx; in the browser both are empty (nothing to render).
 */
import { createContext, useContext } from "react";
import type { VisitorHeader } from "../features/access/visitor.server";

export type RequestInfo = { nonce?: string; requestId?: string };

export const RequestContext = createContext<RequestInfo>({});

export function useRequestInfo(): RequestInfo {
  return useContext(RequestContext);
}

/**
 * The load context server.js gives every loader and action. The page cache sets `visitor`
 * instead when it renders a public page once for every visitor of that kind
 * (app/infra/micro-cache.server.ts).
 */
export type QhatuLoadContext = {
  clientIp?: string;
  requestId?: string;
  nonce?: string;
  visitor?: VisitorHeader;
};
