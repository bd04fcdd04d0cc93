"""The question sets a partnership starts with, written for Eunomia after the shape of the ASB
risk assessment matrices CSPs use: yes/no questions, each worth points, summed into a band."""

VICTIM = {
    "title": "Victim risk assessment",
    "standard_max": 5,
    "medium_max": 10,
    "questions": [
        ("Has the person been a victim of anti-social behaviour or crime before (a repeat victim)?", 2),
        ("Do they think they are targeted because of who they are (disability, race, religion, sexual "
         "orientation, gender identity, age)?", 2),
        ("Do they have a disability, long-term illness or mental health condition?", 1),
        ("Is the behaviour affecting their physical or mental health?", 2),
        ("Do they feel unsafe in their own home?", 2),
        ("Have they been threatened with violence, or been hurt?", 2),
        ("Do they live alone or have no one to support them?", 1),
        ("Are children in the household affected?", 1),
        ("Is the behaviour getting worse or happening more often?", 1),
        ("Has it changed how they live (staying in, avoiding places, missing work or school)?", 1),
        ("Are they thinking of moving home because of it?", 1),
    ],
}

PERPETRATOR = {
    "title": "Perpetrator risk assessment",
    "standard_max": 4,
    "medium_max": 8,
    "questions": [
        ("Has the behaviour gone on for more than six months?", 1),
        ("Has the person used or threatened violence?", 2),
        ("Have they targeted a vulnerable person?", 2),
        ("Are drugs or alcohol part of the behaviour?", 1),
        ("Have they broken an acceptable behaviour contract, warning or order?", 2),
        ("Are they known to carry a weapon?", 2),
        ("Are they part of a group, or at risk of exploitation by others?", 1),
        ("Are they under 18?", 1),
        ("Do they have unmet mental health or learning needs?", 1),
        ("Have earlier interventions failed to change the behaviour?", 1),
    ],
}

SETS = {"victim": VICTIM, "perpetrator": PERPETRATOR}
