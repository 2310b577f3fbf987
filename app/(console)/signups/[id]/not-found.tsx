import { NoSuchRecord } from "@/components/search/no-such-record";

export default function SignUpNotFound() {
  return <NoSuchRecord kind="sign-up" />;
}
