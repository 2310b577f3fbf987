import { NoSuchRecord } from "@/components/search/no-such-record";

export default function AccountNotFound() {
  return (
    <>
      {/* A not-found page takes no metadata export; React puts this title in the head. */}
      <title>No such account · Access console</title>
      <NoSuchRecord kind="account" />
    </>
  );
}
