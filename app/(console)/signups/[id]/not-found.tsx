import { NoSuchRecord } from "@/components/search/no-such-record";

export default function SignUpNotFound() {
  return (
    <>
      {/* A not-found page takes no metadata export; React puts this title in the head. */}
      <title>No such sign-up · Access console</title>
      <NoSuchRecord kind="sign-up" />
    </>
  );
}
