/** @type {import('next').NextConfig} */
const nextConfig = {
  // Do not advertise the framework to whoever probes the console.
  poweredByHeader: false,
  reactStrictMode: true,
  // pg and the Prisma adapter load native-ish Node modules at run time; bundling them
  // gains nothing on the server.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@node-rs/argon2"],
};

export default nextConfig;
