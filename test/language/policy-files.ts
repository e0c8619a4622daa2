import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Writes `.billing` files (relative path → text) into a fresh temporary folder and returns the
 * folder. Multi-file tests go through real files so that imports resolve the way the CLI sees them.
 */
export async function writePolicyFiles(files: Record<string, string>): Promise<string> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'billing-test-'));
    for (const [relative, text] of Object.entries(files)) {
        const file = path.join(root, relative);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, text, 'utf8');
    }
    return root;
}

export async function removeFolder(folder: string): Promise<void> {
    await fs.rm(folder, { recursive: true, force: true });
}
