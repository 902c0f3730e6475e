import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ioredis and pg open sockets; keep them out of the server bundle and load them from node_modules.
  serverExternalPackages: ["ioredis", "pg", "@prisma/adapter-pg", "bcryptjs"],
  typedRoutes: false,
  images: { unoptimized: false },
};

export default nextConfig;
