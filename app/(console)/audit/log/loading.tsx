export default function Loading() {
  return (
    <div className="flex flex-col gap-6" aria-busy="true">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p role="status" className="text-sm text-slate-600">
        Loading audit entries…
      </p>
    </div>
  );
}
