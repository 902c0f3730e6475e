import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ioredis and pg open sockets and bcrypt is a native addon; load them from node_modules, not the server bundle.
  serverExternalPackages: ["ioredis", "pg", "@prisma/adapter-pg", "bcrypt"],
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role a page needs.
  experimental: { authInterrupts: true },
};

export default nextConfig;
