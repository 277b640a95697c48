/** Administrators' alerts and the Zalo OA token pair (docs/API.md "Alerts and channel credentials"). */
import { get, post, request } from './client';

export interface Alert {
  id: number; kind: string; severity: 'info' | 'warning' | 'critical'; messageVi: string; messageEn: string;
  createdAt: string; resolvedAt: string | null;
}
export interface ZaloCredentials {
  configured: boolean; hasAccessToken: boolean; hasRefreshToken: boolean; accessExpiresAt: string | null;
  refreshExpiresAt: string | null; updatedAt: string | null; lastError: string | null; lastErrorAt: string | null;
}

export const alerts = {
  async open(): Promise<Alert[]> { return (await get<{ items: Alert[] }>('/api/admin/alerts')).items; },
  resolve: (id: number) => post<void>(`/api/admin/alerts/${id}/resolve`),
  zalo: () => get<ZaloCredentials>('/api/admin/channels/zalo'),
  replaceZaloTokens: (body: { refreshToken: string; accessToken?: string }) => request<ZaloCredentials>('PUT', '/api/admin/channels/zalo/tokens', body),
};
