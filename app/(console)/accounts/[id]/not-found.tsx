import { NoSuchRecord } from "@/components/search/no-such-record";

export default function AccountNotFound() {
  return <NoSuchRecord kind="account" />;
}
