import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ioredis and pg open sockets; keep them out of the server bundle and load them from node_modules.
  serverExternalPackages: ["ioredis", "pg", "@prisma/adapter-pg", "bcryptjs"],
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role a page needs.
  experimental: { authInterrupts: true },
};

export default nextConfig;
