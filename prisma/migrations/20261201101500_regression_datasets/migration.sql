-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "definition" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetVersion" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "dimensions" JSONB NOT NULL,
    "splits" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetRow" (
    "versionId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "projectId" TEXT NOT NULL,
    "outputId" TEXT NOT NULL,
    "split" TEXT NOT NULL,
    "line" TEXT NOT NULL,

    CONSTRAINT "DatasetRow_pkey" PRIMARY KEY ("versionId","ordinal")
);

-- CreateTable
CREATE TABLE "DatasetExport" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "userId" TEXT,
    "apiKeyId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_projectId_name_key" ON "Dataset"("projectId", "name");

-- CreateIndex
CREATE INDEX "DatasetVersion_projectId_idx" ON "DatasetVersion"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_datasetId_version_key" ON "DatasetVersion"("datasetId", "version");

-- CreateIndex
CREATE INDEX "DatasetRow_versionId_split_ordinal_idx" ON "DatasetRow"("versionId", "split", "ordinal");

-- CreateIndex
CREATE INDEX "DatasetExport_projectId_createdAt_idx" ON "DatasetExport"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "DatasetExport_versionId_idx" ON "DatasetExport"("versionId");

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetVersion" ADD CONSTRAINT "DatasetVersion_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetRow" ADD CONSTRAINT "DatasetRow_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetExport" ADD CONSTRAINT "DatasetExport_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A version's rows never change once written: no UPDATE of a row at all, and a version's own
-- fields only while it is being written (sha256 = ''), in the transaction that creates it.
-- Deleting stays possible (a project's or dataset's cascade delete).
CREATE FUNCTION assay_dataset_row_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dataset version rows are frozen and never change' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER dataset_row_frozen BEFORE UPDATE ON "DatasetRow" FOR EACH ROW EXECUTE FUNCTION assay_dataset_row_frozen();

CREATE FUNCTION assay_dataset_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.sha256 <> '' THEN
    RAISE EXCEPTION 'dataset version % is frozen and never changes', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER dataset_version_frozen BEFORE UPDATE ON "DatasetVersion" FOR EACH ROW EXECUTE FUNCTION assay_dataset_version_frozen();

-- Rows may only be added to a version while it is being written.
CREATE FUNCTION assay_dataset_row_insert_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "DatasetVersion" v WHERE v.id = NEW."versionId" AND v.sha256 <> '') THEN
    RAISE EXCEPTION 'dataset version % is frozen: no rows can be added', NEW."versionId" USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER dataset_row_insert_open BEFORE INSERT ON "DatasetRow" FOR EACH ROW EXECUTE FUNCTION assay_dataset_row_insert_open();
