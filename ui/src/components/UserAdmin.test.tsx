import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { answer, json, renderWithClient, sent } from "../test/fetch";
import { ChangeUserForm, RemoveLinkForm } from "./UserAdmin";

const USER = "7a0b5624-21a5-4647-ad34-a6524c979d0e";
const TUTOR = "1c7b0e0a-52a4-4b8e-9f36-0d8c6a1e2b3f";

describe("ChangeUserForm", () => {
  it("sends only what changes and says what the user is now", async () => {
    answer(() => json(200, { id: USER, email: "maya@example.com", name: "Maya", role: "tutor", disabled: true }));
    renderWithClient(<ChangeUserForm />);
    const save = screen.getByRole("button", { name: "Save changes" });
    expect(save).toBeDisabled();
    await userEvent.type(screen.getByLabelText("User id"), USER);
    await userEvent.selectOptions(screen.getByLabelText("New role"), "tutor");
    await userEvent.selectOptions(screen.getByLabelText("Sign-in"), "disable");
    await userEvent.click(save);
    expect(await screen.findByTestId("user-changed")).toHaveTextContent("maya@example.com is now a tutor, disabled.");
    expect(sent).toEqual([{ method: "PATCH", path: `/admin/users/${USER}`, body: { role: "tutor", disabled: true } }]);
  });

  it("shows the server's refusal", async () => {
    answer(() => json(409, { status: 409, detail: "An admin may not change themselves." }));
    renderWithClient(<ChangeUserForm />);
    await userEvent.type(screen.getByLabelText("User id"), USER);
    await userEvent.selectOptions(screen.getByLabelText("Sign-in"), "enable");
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("An admin may not change themselves.");
    expect(sent[0].body).toEqual({ disabled: false });
  });
});

describe("RemoveLinkForm", () => {
  it("deletes the link by kind, tutor and student", async () => {
    answer(() => json(204, undefined));
    renderWithClient(<RemoveLinkForm />);
    await userEvent.type(screen.getByLabelText("Tutor or parent user id"), TUTOR);
    await userEvent.type(screen.getByLabelText("Student user id"), USER);
    await userEvent.click(screen.getByRole("button", { name: "Remove link" }));
    expect(await screen.findByTestId("link-removed")).toBeInTheDocument();
    expect(sent).toEqual([{ method: "DELETE", path: `/admin/links/tutor/${TUTOR}/${USER}`, body: undefined }]);
  });

  it("a missing link says so", async () => {
    answer(() => json(404, { status: 404, detail: "No such link." }));
    renderWithClient(<RemoveLinkForm />);
    await userEvent.selectOptions(screen.getByLabelText("Linked as"), "parent");
    await userEvent.type(screen.getByLabelText("Tutor or parent user id"), TUTOR);
    await userEvent.type(screen.getByLabelText("Student user id"), USER);
    await userEvent.click(screen.getByRole("button", { name: "Remove link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("No such link.");
    expect(sent[0].path).toBe(`/admin/links/parent/${TUTOR}/${USER}`);
  });
});
